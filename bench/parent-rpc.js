/** The worker's side of the IPC channel to the provider host: `call(method, ...params)`. */

export const createParentRpc = () => {
  let nextId = 0;
  const pending = new Map();

  process.on('message', ({ id, result, error }) => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    if (error === undefined) {
      call.resolve(result);
    } else {
      call.reject(new Error(error));
    }
  });

  return {
    call: (method, ...params) =>
      new Promise((resolve, reject) => {
        nextId += 1;
        pending.set(nextId, { resolve, reject });
        process.send({ id: nextId, method, params });
      }),
    /** Lets the worker exit once its work is done. */
    close: () => process.disconnect(),
  };
};
