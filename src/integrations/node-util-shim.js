// In the browser, @tediousjs/connection-string needs only this symbol from node:util.
export const inspect = { custom: Symbol.for('nodejs.util.inspect.custom') };
export default { inspect };
