// The one part of autocannon's internals the benchmark touches (see bench-load.ts): where each response's body is kept.
declare module 'autocannon/lib/pipelinedRequestsQueue.js' {
  export default class PipelinedRequestsQueue {
    addBody (data: Buffer): void
  }
}
