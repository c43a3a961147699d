/** How the agent process and its machine are doing: CPU and memory readings, and the memory limit. */
export {
  CGROUP_MEMORY_LIMIT_FILES,
  type MemoryLimitSources,
  parseCgroupLimit,
  readMemoryLimit,
  SYSTEM_MEMORY_SOURCES,
} from "./memory-limit.js";
export {
  type HostCpuTimes,
  hostCpuPercent,
  type ProcessReading,
  processCpuPercent,
  readHostCpu,
  readProcess,
} from "./readings.js";
