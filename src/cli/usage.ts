/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `cardbox — 그린·옐로카드함 (Cardbox)

Usage:
  cardbox layout [--json]
      The card's geometry (millimetres): every printed element and field to read.
  cardbox print --type green|yellow --count N --out FILE.pdf [--json]
  cardbox print --type green|yellow --count N --format png|svg [--dpi 300] --out DIR [--json]
      New cards with new serials: an A4 PDF (four cards a page, cut marks) or one image per card.
  cardbox ingest PHOTO… [--json]
      Find, read and store every card in staff's photos of the card box.
  cardbox report annual --year 2025 --out FILE.pdf
      The annual charter report as a print-ready PDF.
  cardbox report export --from 2025-01-01 --to 2025-12-31 --format csv|xlsx|json --out FILE
      Cases of a period without contact details (CSV in UTF-8 with BOM for Korean Excel).
  cardbox report stats [--from DATE] [--to DATE] [--json]
      The headline figures of a period (default: this year so far).
  cardbox migrate --from DATA_DIR --to postgres://… [--institution ID] [--name NAME] [--json]
      Moves an embedded data folder's records into PostgreSQL as one institution, then compares the counts
      kind by kind (exit 1 when any differs). Contacts are sealed again with CARDBOX_KEY, the database's key.
  cardbox institution add --id ID --name NAME --base-url URL [--profile FILE]
  cardbox institution list
      The institutions of a regional database (DATABASE_URL), each at its own address; a new one gets its
      first administrator with a one-time password, printed once.
  cardbox worker
      Reads box photos from the shared queue of a regional database (DATABASE_URL) until stopped; run as many
      as the machines allow. App processes read too unless CARDBOX_APP_READS=off.

Environment: DATA_DIR (default ./data), PUBLIC_BASE_URL, CARDBOX_PROFILE (see README.md).`;
