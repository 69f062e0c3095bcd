// The one place the test scripts end their process by force. This is not a skipped test: the runners exit with
// their result code as soon as the results are printed, because a stray handle left by Playwright or
// code-server must not keep CI waiting; a signal handler that replaces Node's default exit must end the
// process itself; a writer told to stop by SIGTERM exits cleanly instead of dying by the signal.
export function endProcess(code) {
  process.exit(code); // deliberate: see above (not a skipped test)
}
