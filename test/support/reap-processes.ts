import { killStartedProcesses } from './processes';

// After each test file: an api or worker process it started and did not stop (because an assertion
// failed before its cleanup) would otherwise keep taking jobs from the next file's queues.
afterAll(killStartedProcesses);
