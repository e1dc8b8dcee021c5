/** One archive's progress, reported as bytes arrive (and once more when it is done). */
export interface DownloadProgress {
  name: string;
  version: string;
  /** Bytes so far, and the signed size. */
  received: number;
  total: number;
  source: 'cache' | 'download';
  done: boolean;
}

export type DownloadProgressListener = (progress: DownloadProgress) => void;

export interface FetchedArchive {
  name: string;
  version: string;
  sha256: string;
  /** The verified archive in the content-addressed cache. */
  path: string;
  source: 'cache' | 'download';
}
