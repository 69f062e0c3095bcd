// Runs first (see index.ts): the extension must stay dormant until one of its commands is used.
import * as assert from 'assert';
import { extension } from './helpers';

describe('activation', () => {
  it('is installed but not active before any command runs', () => {
    const ext = extension();
    assert.strictEqual(ext.isActive, false, 'Optimizer Lens activated at startup; it must activate only on its commands or its panel');
  });

  it('declares no startup activation events', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    for (const event of events) {
      assert.ok(!['*', 'onStartupFinished'].includes(event), `activation event ${event} activates at startup`);
    }
  });
});
