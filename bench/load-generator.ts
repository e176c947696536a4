/**
 * autocannon in a process of its own (forked by bench/api.ts), so that the CPU time the bench
 * process spends is the single-process server's alone and can be divided by the requests served.
 * IPC: the parent sends autocannon's options, the child answers with its result and exits.
 */
import autocannon from 'autocannon';

process.once('message', (options: autocannon.Options) => {
  autocannon(options).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
