// Preloaded (`node --import`) into every agent the local provider starts. The provider holds an IPC
// channel to each agent; when the provider's process goes away by whatever means (even SIGKILL,
// which runs no exit handler), the channel closes, and the agent stops as if it had got SIGTERM:
// no agent outlives the platform that started it. It exits anyway after a grace, since nobody is
// left to receive what it would still try to deliver.
const GRACE_MS = 10_000;

function stop() {
  process.kill(process.pid, "SIGTERM");
  setTimeout(() => process.exit(1), GRACE_MS).unref();
}

// `process.send` exists when the process was started with an IPC channel, even once it closed.
if (typeof process.send === "function") {
  if (process.channel) {
    // The channel must not keep an agent alive that is done.
    process.channel.unref();
    process.once("disconnect", stop);
  } else {
    // The parent died while this process was still booting, before this module was loaded.
    setImmediate(stop);
  }
}
