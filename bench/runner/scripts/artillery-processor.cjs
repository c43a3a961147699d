// Each VU loops for LOOP_SECONDS from its own first check, so every VU is busy for the same
// time whatever its arrival moment, and requests / session length is the rate at 50 VUs.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the benchmark, which turbo never runs.
const seconds = Number(process.env.LOOP_SECONDS);

module.exports = {
  untilDeadline(context, next) {
    context.vars.deadline ??= Date.now() + seconds * 1000;
    return next(Date.now() < context.vars.deadline);
  },
};
