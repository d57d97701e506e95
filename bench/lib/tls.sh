# The TLS key and self-signed certificate both servers serve HTTPS (and HTTP/2) with, made for the
# run: the h2 scenario's streams trust this certificate alone. Herald gets it as PKCS12 for
# Liberty's keystore, nginx as PEM. Sourced by run.sh, which sets WORK.
# shellcheck shell=bash

TLS_DIR="$WORK/tls"
TLS_CERT="$TLS_DIR/cert.pem"
TLS_KEY="$TLS_DIR/key.pem"
TLS_KEYSTORE="$TLS_DIR/herald.p12"
TLS_KEYSTORE_PASSWORD=

make_tls_certificate() {
  mkdir -p "$TLS_DIR"
  # The generator connects to 127.0.0.1 and checks the name: the address is in subjectAltName.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
    -keyout "$TLS_KEY" -out "$TLS_CERT" 2>/dev/null ||
    die "openssl could not make the TLS certificate"
  TLS_KEYSTORE_PASSWORD=$(openssl rand -hex 12)
  openssl pkcs12 -export -name default -in "$TLS_CERT" -inkey "$TLS_KEY" \
    -out "$TLS_KEYSTORE" -passout "pass:$TLS_KEYSTORE_PASSWORD" ||
    die "openssl could not make the PKCS12 keystore"
}
