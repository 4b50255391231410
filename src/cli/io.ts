import type { Settings } from '../config/settings.ts';
import type { Cardbox } from '../context.ts';

/** What a command is given: where to write, and how to open the Cardbox of this process. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Opens the Cardbox of this process's environment (profile, store); the command closes nothing itself. */
  open: () => Promise<Cardbox>;
  /** This process's settings, for commands that open something else than its Cardbox (`migrate`). */
  settings: () => Settings;
}
