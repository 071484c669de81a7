/** The files a `verify` command line names: files as given, directories walked with -r. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A file to verify, or a path that cannot be (with why): reported in its turn, exit status 2. */
export type ListedFile = { path: string; problem?: string };

/**
 * The files under `paths`, one at a time: a directory's entries are listed only when the walk
 * reaches it, so the memory held is one directory listing per level, whatever the number of files.
 * Entries come in name order, so that runs over the same tree list the same files.
 */
export async function* listFiles(paths: string[], recursive: boolean): AsyncGenerator<ListedFile> {
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch {
      // Reading it reports the error in the same words as for any unreadable file.
      yield { path };
      continue;
    }
    if (!isDir) yield { path };
    else if (!recursive) yield { path, problem: 'is a directory (use -r to verify the files under it)' };
    else yield* walk(path);
  }
}

async function* walk(dir: string): AsyncGenerator<ListedFile> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    yield { path: dir, problem: (e as Error).message };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* walk(path);
    else if (e.isFile()) yield { path };
  }
}
