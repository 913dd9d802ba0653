// How poolkit's checks fail: a TypeError (wrong kind of value, unknown name)
// or a RangeError (a number out of range, sizes that do not match) whose
// message starts with the option's name, and whose `option` property is that
// name, so that a caller can point at the right control without reading the
// message.

/** Returns a new E(message) whose `option` is the option it is about. */
export function optionError(E, option, message) {
  const err = new E(message);
  err.option = option;
  return err;
}

const CLASSES = { Error, TypeError, RangeError };

/** The parts of an error that cross a postMessage: its class name, message and option. */
export function errorData(err) {
  const data = { name: err?.name ?? "Error", message: err?.message ?? String(err) };
  if (typeof err?.option === "string") data.option = err.option;
  return data;
}

/**
 * Rebuilds an error from errorData, or from an error made in another realm
 * (the Go program's), in this realm and with this thread's stack, keeping
 * its class and option.
 */
export function rebuildError({ name, message, option }) {
  const E = CLASSES[name] ?? Error;
  return typeof option === "string" ? optionError(E, option, message) : new E(message);
}
