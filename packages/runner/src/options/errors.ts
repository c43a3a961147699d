/** One problem with the options: where it is and what is wrong with it, with what is allowed. */
export interface OptionsIssue {
  /** The option's path, like `scenarios.checkout.executor`, or the flag, like `--vus`. */
  path: string;
  /** What is wrong and what is allowed. */
  message: string;
}

/**
 * Invalid options. All problems found are reported together in {@link issues}; the message lists
 * them one per line as `path: message`.
 */
export class OptionsError extends Error {
  override readonly name = "OptionsError";

  constructor(readonly issues: readonly OptionsIssue[]) {
    super(
      issues.length === 1
        ? `invalid options: ${formatIssue(issues[0] as OptionsIssue)}`
        : `invalid options (${issues.length} problems):\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n")}`,
    );
  }
}

function formatIssue(issue: OptionsIssue): string {
  return `${issue.path}: ${issue.message}`;
}

/** Collects problems while reading, so that all of them are reported at once. */
export class IssueList {
  readonly issues: OptionsIssue[] = [];

  /** Records a problem at `path`. */
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Throws an {@link OptionsError} with everything collected, if anything was. */
  throwIfAny(): void {
    if (this.issues.length > 0) throw new OptionsError(this.issues);
  }
}
