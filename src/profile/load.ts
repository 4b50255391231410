import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { defaultProfile } from './defaults.ts';
import { type Profile, profileSchema } from './schema.ts';

export class ProfileError extends Error {}

/** Checks a parsed profile and explains every problem with its place in the file. */
export function parseProfile(value: unknown, source = 'profile'): Profile {
  const result = profileSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ProfileError(`${source} is not a valid profile:\n${describeIssues(result.error)}`);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  - ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}

/**
 * The institution profile: the file named by `CARDBOX_PROFILE` (a JSON file, see docs/profile.md), missing
 * keys filled from the charter defaults; or the defaults alone when no file is named.
 */
export async function loadProfile(file: string | undefined): Promise<Profile> {
  if (!file) return defaultProfile;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProfileError(`cannot read the profile ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProfileError(`${file} must hold a JSON object`);
  }
  return parseProfile({ ...defaultProfile, ...value }, file);
}
