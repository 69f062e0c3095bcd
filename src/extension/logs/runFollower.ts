/**
 * Follows one run: every file of it has a read offset; new bytes are read and sent to the log worker, whose
 * answer (the run's summary) is kept here for the tree and the status bar. A FileSystemWatcher pokes it on
 * changes; the owner's polling timer pokes it too (network and remote file systems may not send events).
 * Passes are serialized: a poke during a pass runs one more pass after it, never two at once.
 */
import * as vscode from 'vscode';
import type { LogRunSummary } from '../../core/logs/logRunSnapshot';
import type { LogFormat } from '../../core/logs/types';
import { displayPath } from './displayPath';
import { readFileRange } from './fileBytes';
import { listFiles } from './logDiscovery';
import type { LogWorkerClient } from './logWorkerClient';
import type { DiagnosisSettings } from './logWorkerProtocol';

/** Bytes per read and per message to the worker: big enough to amortize, small enough to stay responsive. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** An initial read longer than this shows a cancellable progress notification. */
export const PROGRESS_THRESHOLD_BYTES = 64 * 1024 * 1024;

/** A folder rescan lists at most this many files. */
const RESCAN_MAX_FILES = 1000;

/** Formats whose files are rewritten whole (not appended to): re-read completely when they change. */
const WHOLE_FILE_FORMATS: ReadonlySet<LogFormat> = new Set(['trainer-state']);

export interface RunFiles {
  id: string;
  label: string;
  /** The run's folder, or its file for a lone file. */
  root: vscode.Uri;
  /** `tag`: the metric key of a single-metric file (MLflow). */
  files: RunFile[];
}

export interface RunFile {
  uri: vscode.Uri;
  format: LogFormat;
  tag?: string;
}

interface FollowedFile {
  uri: vscode.Uri;
  format: LogFormat;
  tag: string | undefined;
  label: string;
  offset: number;
  /** Size and mtime at the last whole read (whole-file formats). */
  size: number;
  mtime: number;
  gone: boolean;
  /** The file's first bytes as first read: a different head later means the file was replaced, not appended to. */
  head: Uint8Array | null;
}

/** How many leading bytes identify a followed file (event files start with a record holding the wall time). */
const HEAD_FINGERPRINT_BYTES = 64;

export interface FollowerEvents {
  changed(follower: RunFollower): void;
  error(follower: RunFollower, message: string): void;
  /**
   * A file appeared in a folder run (it may belong to the run: the owner decides). Resolves to false when the
   * file is not worth offering again (not a log, and not empty: an empty file may still become one).
   */
  created(follower: RunFollower, uri: vscode.Uri): Promise<boolean>;
  /** The diagnosis settings a (re)opened run starts with. */
  diagnosis(): DiagnosisSettings;
}

export class RunFollower implements vscode.Disposable {
  readonly id: string;
  readonly label: string;
  readonly root: vscode.Uri;
  summary: LogRunSummary | undefined;
  watching = true;
  /** Tags the user chose to chart (undefined: the default loss/lr/grad-norm tags). */
  shownTags: string[] | undefined;
  /** Watched with "Watch Training Log..." (kept when a discovery no longer finds it). */
  pickedByUser = false;
  /** Restarts from the top because a file shrank (reported in the run's warnings). */
  truncations = 0;
  /**
   * True once what the files held when following began has been read: findings from then on are news
   * (notifications), findings before are the run's history.
   */
  live = false;
  private readonly files = new Map<string, FollowedFile>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private isFolder = false;
  /** Files of a folder run already offered to the owner by a rescan. */
  private readonly ignored = new Set<string>();
  /** Set when the worker lost this run's state (it restarted): the next pass starts over. */
  private reopenNote: string | undefined;
  private opened: Promise<void> | undefined;

  constructor(
    run: RunFiles,
    private readonly worker: LogWorkerClient,
    private readonly events: FollowerEvents,
  ) {
    this.id = run.id;
    this.label = run.label;
    this.root = run.root;
    for (const f of run.files) this.files.set(f.uri.toString(), this.followed(f));
  }

  /** The first file's format, or "mixed" formats listed. */
  get format(): string {
    const formats = [...new Set([...this.files.values()].map((f) => f.format))];
    return formats.join(', ');
  }

  get fileUris(): vscode.Uri[] {
    return [...this.files.values()].map((f) => f.uri);
  }

  get path(): string {
    return displayPath(this.root);
  }

  /** Opens the run in the worker, reads what is there and starts watching. */
  start(isFolder: boolean): Promise<void> {
    this.isFolder = isFolder;
    this.opened ??= (async () => {
      this.summary = await this.worker.summary({ type: 'open', runId: this.id, files: this.specs(), diagnosis: this.events.diagnosis() });
      this.watcher = vscode.workspace.createFileSystemWatcher(
        isFolder ? new vscode.RelativePattern(this.root, '**/*') : new vscode.RelativePattern(vscode.Uri.joinPath(this.root, '..'), this.root.path.split('/').pop() ?? '*'),
        !isFolder,
        false,
        true,
      );
      this.watcher.onDidChange((uri) => {
        if (this.files.has(uri.toString())) void this.poke();
      });
      this.watcher.onDidCreate((uri) => {
        if (this.files.has(uri.toString())) void this.poke();
        else void this.events.created(this, uri);
      });
      this.events.changed(this);
    })();
    return this.opened
      .then(() => this.poke())
      .then(() => {
        if (!this.live) {
          this.live = true;
          this.events.changed(this);
        }
      });
  }

  /** Adds files found later (a new event file in the run's folder). */
  async addFiles(files: RunFile[]): Promise<void> {
    await this.opened;
    for (const f of files) {
      const key = f.uri.toString();
      if (this.files.has(key)) continue;
      const followed = this.followed(f);
      this.files.set(key, followed);
      this.summary = await this.worker.summary({ type: 'addFile', runId: this.id, file: this.spec(followed) });
    }
    await this.poke();
  }

  /** Reads whatever is new in every file; resolves when the reading it asked for is done. */
  poke(): Promise<void> {
    if (!this.watching || !this.opened) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.readPass();
        } while (this.again && this.watching);
      } catch (error) {
        if (this.watching) this.events.error(this, error instanceof Error ? error.message : String(error));
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves when no read is in progress. */
  async idle(): Promise<void> {
    await this.opened;
    while (this.running) await this.running;
  }

  /**
   * Looks for files that appeared in a folder run without a watcher event (network file systems, or a file
   * created while the watcher was still starting): each unknown one goes to the owner like a created file.
   */
  async rescan(): Promise<void> {
    if (!this.watching || !this.isFolder) return;
    for (const uri of await listFiles(this.root, RESCAN_MAX_FILES)) {
      const key = uri.toString();
      if (this.files.has(key) || this.ignored.has(key)) continue;
      // Not a log (a checkpoint, hparams.yaml...): not offered again.
      if (!(await this.events.created(this, uri))) this.ignored.add(key);
    }
  }

  /** Reads everything again from the start at the next pass (the worker lost the run's state). */
  reopen(note: string): Promise<void> {
    this.reopenNote = note;
    return this.poke();
  }

  /** New diagnosis settings: the worker rebuilds the run's diagnosis from what it holds. */
  async configureDiagnosis(diagnosis: DiagnosisSettings): Promise<void> {
    await this.idle();
    this.summary = await this.worker.summary({ type: 'configure', runId: this.id, diagnosis });
    this.events.changed(this);
  }

  /** Waits for the reading in progress, then settles the diagnosis (a report on everything read so far). */
  async report(): Promise<void> {
    await this.idle();
    this.summary = await this.worker.summary({ type: 'report', runId: this.id });
    this.events.changed(this);
  }

  /** The files and their formats (for grouping a newly created file with them). */
  get detectedFiles(): RunFile[] {
    return [...this.files.values()].map((f) => ({ uri: f.uri, format: f.format, ...(f.tag !== undefined ? { tag: f.tag } : {}) }));
  }

  private async readPass(): Promise<void> {
    if (this.reopenNote !== undefined) {
      const note = this.reopenNote;
      this.reopenNote = undefined;
      await this.startOver(note);
    }
    for (const file of this.files.values()) {
      if (!this.watching) return;
      const restarted = await this.readFile(file);
      if (restarted) {
        this.again = true;
        return;
      }
    }
  }

  /** Returns true when the run was started over (a file shrank). */
  private async readFile(file: FollowedFile): Promise<boolean> {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(file.uri);
    } catch {
      if (!file.gone) {
        file.gone = true;
        this.summary = await this.worker.summary({ type: 'end', runId: this.id, fileId: file.uri.toString() });
        this.events.changed(this);
      }
      return false;
    }
    if (file.gone) {
      // Its reader was ended when it disappeared: a fresh start for the whole run.
      await this.startOver(`${file.label} was deleted and created again: read again from the start`);
      return true;
    }
    if (WHOLE_FILE_FORMATS.has(file.format)) {
      await this.readWhole(file, stat);
      return false;
    }
    if (stat.size < file.offset) {
      await this.startOver(`${file.label} shrank from ${file.offset} to ${stat.size} bytes (truncated or rewritten): read again from the start`);
      return true;
    }
    const total = stat.size - file.offset;
    if (total <= 0) return false;
    if (await this.wasReplaced(file)) {
      await this.startOver(`${file.label} was replaced by another file (its first bytes changed): read again from the start`);
      return true;
    }
    if (total > PROGRESS_THRESHOLD_BYTES) {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading ${file.label}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => this.stop());
          return this.readRange(file, stat.size, (done) =>
            progress.report({ increment: (100 * done) / total, message: `${Math.round((file.offset - (stat.size - total)) / 1048576)} of ${Math.round(total / 1048576)} MiB` }),
          );
        },
      );
    } else {
      await this.readRange(file, stat.size);
    }
    return false;
  }

  private async readRange(file: FollowedFile, size: number, onChunk?: (bytes: number) => void): Promise<void> {
    while (file.offset < size && this.watching) {
      const bytes = await readFileRange(file.uri, file.offset, Math.min(size, file.offset + READ_CHUNK_BYTES));
      if (bytes.length === 0) return;
      // Copied before the buffer is transferred to the worker.
      if (file.offset === 0) file.head = bytes.slice(0, HEAD_FINGERPRINT_BYTES);
      file.offset += bytes.length;
      this.summary = await this.worker.summary(
        { type: 'append', runId: this.id, fileId: file.uri.toString(), bytes: bytes.buffer as ArrayBuffer, length: bytes.length },
        [bytes.buffer as ArrayBuffer],
      );
      onChunk?.(bytes.length);
      this.events.changed(this);
    }
  }

  /**
   * Whether the file's first bytes differ from those read first: a file replaced by a bigger one between two
   * looks (a training script restarted with the same log name) would otherwise be read on from the old offset.
   */
  private async wasReplaced(file: FollowedFile): Promise<boolean> {
    const head = file.head;
    if (head === null || file.offset === 0) return false;
    const now = await readFileRange(file.uri, 0, head.length);
    if (now.length !== head.length) return true;
    for (let i = 0; i < head.length; i++) if (now[i] !== head[i]) return true;
    return false;
  }

  /** trainer_state.json is rewritten at each save: read it whole when its size or time changed and it is complete. */
  private async readWhole(file: FollowedFile, stat: vscode.FileStat): Promise<void> {
    if (stat.size === file.size && stat.mtime === file.mtime) return;
    const bytes = await readFileRange(file.uri, 0, stat.size);
    // Caught mid-write (the document does not end yet): the next change event or poll reads it again.
    if (!endsWithClosingBrace(bytes)) return;
    file.size = stat.size;
    file.mtime = stat.mtime;
    file.offset = bytes.length;
    this.summary = await this.worker.summary(
      { type: 'append', runId: this.id, fileId: file.uri.toString(), bytes: bytes.buffer as ArrayBuffer, length: bytes.length },
      [bytes.buffer as ArrayBuffer],
    );
    this.events.changed(this);
  }

  /** A fresh reader per file and a fresh store, every offset back to 0, the reason as the first warning. */
  private async startOver(note: string): Promise<void> {
    this.truncations++;
    for (const file of this.files.values()) {
      file.offset = 0;
      file.size = 0;
      file.mtime = 0;
      file.gone = false;
      file.head = null;
    }
    this.summary = await this.worker.summary({ type: 'open', runId: this.id, files: this.specs(), notes: [note], diagnosis: this.events.diagnosis() });
    this.events.changed(this);
  }

  /** Stops following: no more reads; partial tails are reported by the readers. */
  stop(): void {
    if (!this.watching) return;
    this.watching = false;
    this.watcher?.dispose();
    this.watcher = undefined;
    void (async () => {
      await this.opened;
      for (const file of this.files.values()) {
        if (!file.gone) this.summary = await this.worker.summary({ type: 'end', runId: this.id, fileId: file.uri.toString() });
      }
      this.events.changed(this);
    })().catch(() => undefined);
  }

  dispose(): void {
    this.stop();
    void this.worker.close(this.id).catch(() => undefined);
  }

  private followed(file: RunFile): FollowedFile {
    const { uri, format, tag } = file;
    return { uri, format, tag, label: displayPath(uri), offset: 0, size: 0, mtime: 0, gone: false, head: null };
  }

  private specs() {
    return [...this.files.values()].map((f) => this.spec(f));
  }

  private spec(file: FollowedFile) {
    return { fileId: file.uri.toString(), label: file.label, format: file.format, ...(file.tag !== undefined ? { tag: file.tag } : {}) };
  }
}

function endsWithClosingBrace(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7d;
  }
  return false;
}
