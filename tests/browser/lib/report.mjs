// Counting and printing check results: `ok` or `FAIL` per check, details
// indented below a failure, and a last line `N passed, M failed`.

export class Report {
  constructor() {
    this.passed = 0;
    this.failed = 0;
    this.failures = [];
  }

  /** Records one check. `problems` is an array of strings: empty = passed. */
  record(name, problems) {
    if (problems.length === 0) {
      this.passed += 1;
      console.log(`ok   ${name}`);
    } else {
      this.failed += 1;
      this.failures.push(name);
      console.log(`FAIL ${name}`);
      for (const p of problems) {
        console.log(`       ${String(p).replace(/\n/g, '\n       ')}`);
      }
    }
  }

  /** Runs `fn`, which returns an array of problems (or throws), as one check. */
  async check(name, fn) {
    let problems;
    try {
      problems = (await fn()) ?? [];
    } catch (err) {
      problems = [`error: ${err && err.stack ? err.stack.split('\n').slice(0, 4).join('\n') : err}`];
    }
    this.record(name, problems);
    return problems.length === 0;
  }

  summary() {
    if (this.failures.length > 0) {
      console.log('');
      console.log('Failed checks:');
      for (const f of this.failures) {
        console.log(`  - ${f}`);
      }
    }
    console.log('');
    console.log(`${this.passed} passed, ${this.failed} failed`);
  }
}
