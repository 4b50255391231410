import type { Profile } from '../profile/schema.ts';

/** An institution of the deployment: a library or culture centre with its own staff, cards and profile. */
export interface Institution {
  id: string;
  name: string;
  /** Its public address (the host its cards' QR codes name); the deployment's own for the home institution. */
  baseUrl: string | null;
  /** Its profile; the deployment's (CARDBOX_PROFILE) when null. */
  profile: Profile | null;
}

/** The institutions of a deployment. The embedded store holds one, `default`; PostgreSQL any number. */
export interface InstitutionRepository {
  list(): Promise<Institution[]>;
  /** Adds an institution; false when its id or address is taken. */
  add(institution: Institution): Promise<boolean>;
  /** The institution a serial was issued to, whichever it is. */
  ownerOfSerial(serial: string): Promise<string | undefined>;
}
