import { readFile } from 'node:fs/promises';
import { DirectoryFile } from '@sinergi/contracts';
import { directoryKey, openDirectoryBucket, putRegionProfile } from '@sinergi/service-kit';
import { CliError, connectNats } from './errors.js';

const bucket = () => process.env.DIRECTORY_BUCKET ?? 'sinergi-directory';
/** Copies of the bucket when this makes it: the services' NATS_STREAM_REPLICAS (3 or 5 on a cluster). */
const replicas = () =>
  ['3', '5'].includes(process.env.NATS_STREAM_REPLICAS ?? '') ? Number(process.env.NATS_STREAM_REPLICAS) : 1;

/** Validates every file first, so a bad file leaves the directory untouched. */
export async function loadDirectoryFiles(files: string[]): Promise<unknown[]> {
  const profiles: unknown[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(
        `${file}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read it (${code})` : `not valid JSON: ${(err as Error).message}`}`,
      );
      continue;
    }
    const parsed = DirectoryFile.safeParse(json);
    if (!parsed.success) {
      problems.push(
        `${file}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(the file)'}: ${i.message}`).join('\n')}`,
      );
      continue;
    }
    profiles.push(...(Array.isArray(parsed.data) ? parsed.data : [parsed.data]));
  }
  if (problems.length > 0) throw new CliError(`directory not applied; invalid files:\n${problems.join('\n')}`);
  return profiles;
}

export async function applyDirectoryFiles(files: string[], log: (line: string) => void = console.log): Promise<number> {
  const profiles = await loadDirectoryFiles(files);
  const nc = await connectNats();
  try {
    const kv = await openDirectoryBucket(nc, bucket(), replicas());
    for (const p of profiles) {
      const stored = await putRegionProfile(kv, p);
      log(
        `applied ${stored.code} ${stored.name}: ${stored.units.length} units, ${stored.complaintCategories.length} categories`,
      );
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
  const nc = await connectNats();
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
