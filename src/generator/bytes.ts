/** A little-endian byte builder for the generator. */
export class Bytes {
  private buf = new Uint8Array(64);
  private n = 0;

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + k) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }

  get length(): number {
    return this.n;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.n++] = v & 0xff;
    return this;
  }
  u16(v: number, be = false): this {
    this.room(2);
    new DataView(this.buf.buffer).setUint16(this.n, v, !be);
    this.n += 2;
    return this;
  }
  u32(v: number, be = false): this {
    this.room(4);
    new DataView(this.buf.buffer).setUint32(this.n, v >>> 0, !be);
    this.n += 4;
    return this;
  }
  u64(v: number | bigint, be = false): this {
    this.room(8);
    new DataView(this.buf.buffer).setBigUint64(this.n, BigInt.asUintN(64, BigInt(v)), !be);
    this.n += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }
  text(s: string): this {
    return this.bytes(ascii(s));
  }
  zeros(k: number): this {
    this.room(k);
    this.buf.fill(0, this.n, this.n + k);
    this.n += k;
    return this;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

export function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

export function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
