/** `npm start` (stack/up.ts) with an error nothing catches once the stack is up: a stack test ends it this way. */
import { stackUp } from '../../stack/up';

void stackUp.then(() =>
  setTimeout(() => {
    throw new Error('thrown by the stack test once the stack is up; nothing catches it');
  }, 0),
);
