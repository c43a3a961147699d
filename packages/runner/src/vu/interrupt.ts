/**
 * Thrown into a VU's pending waits (`sleep`, HTTP) when its iteration is interrupted, so the
 * iteration unwinds; iterations that end this way are counted as interrupted, not failed.
 */
export class IterationInterrupted extends Error {
  override readonly name = "IterationInterrupted";
  constructor() {
    super("the iteration was interrupted because its scenario is stopping");
  }
}

/**
 * Thrown by `exec.test.abort()`: the script asks to stop the whole test.
 */
export class TestAbortRequested extends Error {
  override readonly name = "TestAbortRequested";
}
