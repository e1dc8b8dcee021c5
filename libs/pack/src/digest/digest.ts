/** Content digests of one byte sequence, both as lowercase hex. */
export interface Digest {
  sha256: string;
  blake3: string;
  size: number;
}
