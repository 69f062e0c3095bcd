// Mocha reporter: the usual spec output for humans, plus a JSON summary for scripts/test-all.mjs.
// The summary goes to the file named by OPTLENS_MOCHA_RESULTS (nothing is written when it is unset).
/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: mocha loads reporters with require() */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const results = { passed: [], failed: [], pending: [] };
    runner.on(EVENT_TEST_PASS, (test) => results.passed.push({ title: test.fullTitle(), durationMs: test.duration }));
    runner.on(EVENT_TEST_FAIL, (test, err) => results.failed.push({
      title: test.fullTitle(), error: err && (err.stack || err.message) ? String(err.stack || err.message) : String(err),
    }));
    runner.on(EVENT_TEST_PENDING, (test) => results.pending.push(test.fullTitle()));
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.OPTLENS_MOCHA_RESULTS;
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    });
  }
}

module.exports = CountReporter;
