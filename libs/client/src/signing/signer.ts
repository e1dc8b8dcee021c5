import {
  keyIdOf,
  publicKeyOf,
  signCommand,
  signStatement,
  type PackStatement,
  type SignedCommandBody,
} from '@market/pack';

/** A publisher's Ed25519 key (PKCS#8 PEM) with its public key and key id worked out once. */
export class Signer {
  private constructor(
    private readonly privateKeyPem: string,
    readonly publicKey: string,
    readonly keyId: string,
  ) {}

  /** Throws PackError `key_invalid` when the PEM is not an Ed25519 private key. */
  static fromPem(privateKeyPem: string): Signer {
    const publicKey = publicKeyOf(privateKeyPem);
    return new Signer(privateKeyPem, publicKey, keyIdOf(publicKey));
  }

  signStatement(statement: PackStatement): string {
    return signStatement(this.privateKeyPem, statement);
  }

  signCommand(command: SignedCommandBody): string {
    return signCommand(this.privateKeyPem, command);
  }
}
