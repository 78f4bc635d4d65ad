import { readFile } from 'node:fs/promises';
import { connect } from '@nats-io/transport-node';
import { DirectoryFile } from '@sinergi/contracts';
import { directoryKey, openDirectoryBucket, putRegionProfile } from '@sinergi/service-kit';

const natsUrl = () => process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const bucket = () => process.env.DIRECTORY_BUCKET ?? 'sinergi-directory';

/** Validates every file first, so a bad file leaves the directory untouched. */
export async function loadDirectoryFiles(files: string[]): Promise<unknown[]> {
  const profiles: unknown[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = DirectoryFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) {
      problems.push(`${file}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
      continue;
    }
    profiles.push(...(Array.isArray(parsed.data) ? parsed.data : [parsed.data]));
  }
  if (problems.length > 0) throw new Error(`directory not applied; invalid files:\n${problems.join('\n')}`);
  return profiles;
}

export async function applyDirectoryFiles(files: string[], log: (line: string) => void = console.log): Promise<number> {
  const profiles = await loadDirectoryFiles(files);
  const nc = await connect({ servers: natsUrl() });
  try {
    const kv = await openDirectoryBucket(nc, bucket());
    for (const p of profiles) {
      const stored = await putRegionProfile(kv, p);
      log(`applied ${stored.code} ${stored.name}: ${stored.units.length} units, ${stored.complaintCategories.length} categories`);
    }
  } finally {
    await nc.close();
  }
  return profiles.length;
}

export async function directoryApply(files: string[]): Promise<number> {
  await applyDirectoryFiles(files);
  return 0;
}

export async function directoryShow(tenant: string): Promise<number> {
  const nc = await connect({ servers: natsUrl() });
  try {
    const kv = await openDirectoryBucket(nc, bucket());
    const entry = await kv.get(directoryKey(tenant));
    if (!entry || entry.operation !== 'PUT') {
      console.error(`region ${tenant} is not in the directory ${bucket()}`);
      return 1;
    }
    console.log(JSON.stringify(entry.json(), null, 2));
    return 0;
  } finally {
    await nc.close();
  }
}
