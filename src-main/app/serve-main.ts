import { runHeadless } from './serve';

await runHeadless(process.argv.slice(2));
