package dev.herald.bench;

/** Receives a range of bytes; lets the chunked decoder hand the body to the SSE scanner. */
interface ByteSink {
  void accept(byte[] bytes, int offset, int length);
}
