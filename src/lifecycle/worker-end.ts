/**
 * Worker threads can end without any event: `worker.terminate()` stops a thread's JavaScript
 * where it stands, with no 'exit' in it, and that is how vitest's `threads` pool (and tinypool,
 * piscina) ends its workers. A thread where docgen learns from an app's tests would lose its
 * document and what it learned. So, while learning, each worker thread with docgen says so on a
 * BroadcastChannel, and a thread with docgen that terminates one of them first asks it to finish
 * (write its documents and store, as at exit), waits for its answer (at most
 * `FINISH_TIMEOUT_MS`: a thread stuck in a loop never answers), then terminates it as asked.
 * Threads without docgen, and every thread when not learning, are left alone. Node only.
 */
import { BroadcastChannel, isMainThread, threadId, Worker } from 'node:worker_threads';
import { markWrapper, wrap, type AnyFunction } from '../instrumentation/wrap.js';

const CHANNEL = 'docgen.worker-end';
const FINISH_TIMEOUT_MS = 10_000;

type WorkerEndMessage = { readonly kind: 'here' | 'finish' | 'finished'; readonly threadId: number };

function isWorkerEndMessage(value: unknown): value is WorkerEndMessage {
  const message = value as Partial<WorkerEndMessage> | null;
  return typeof value === 'object' && value !== null && typeof message!.threadId === 'number' && (message!.kind === 'here' || message!.kind === 'finish' || message!.kind === 'finished');
}

/**
 * In this thread: when it is a worker, says so, and runs `finish` (synchronous) when the thread
 * terminating it asks; in any thread, asks each worker with docgen to finish before it is
 * terminated. The channel never keeps a thread alive.
 */
export function finishWorkersBeforeTerminate(finish: () => void): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  const withDocgen = new Set<number>();
  const waiting = new Map<number, () => void>();
  channel.onmessage = (event: unknown) => {
    const message = (event as { data?: unknown }).data;
    if (!isWorkerEndMessage(message)) return;
    if (message.kind === 'here') withDocgen.add(message.threadId);
    else if (message.kind === 'finished') waiting.get(message.threadId)?.();
    else if (message.threadId === threadId && !isMainThread) {
      finish();
      channel.postMessage({ kind: 'finished', threadId } satisfies WorkerEndMessage);
    }
  };
  if (!isMainThread) channel.postMessage({ kind: 'here', threadId } satisfies WorkerEndMessage);

  wrap(Worker.prototype, 'terminate', (original) => {
    const terminate = function (this: Worker, ...args: unknown[]): unknown {
      const id = this.threadId;
      if (!withDocgen.has(id) || waiting.has(id)) return original.apply(this, args);
      withDocgen.delete(id);
      const finished = new Promise<void>((resolvePromise) => {
        const timer = setTimeout(resolvePromise, FINISH_TIMEOUT_MS);
        waiting.set(id, () => {
          clearTimeout(timer);
          resolvePromise();
        });
        channel.postMessage({ kind: 'finish', threadId: id } satisfies WorkerEndMessage);
      });
      return finished.then(() => {
        waiting.delete(id);
        return original.apply(this, args);
      });
    };
    return markWrapper(terminate as AnyFunction, original);
  });
}
