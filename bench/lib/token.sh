# The bearer token Herald's publishes carry, as its users' do: an RS256 JWT with the publish right on
# every topic, signed by a key made for the run, whose public half Herald verifies with. With a key
# configured Herald also stops anonymous publishing, so every publish pays for its token.
# Sourced by run.sh, which sets WORK.
# shellcheck shell=bash

TOKEN_KEY="$WORK/token-key.pem"
TOKEN_PUBLIC_KEY="$WORK/token-key.pub.pem"

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# Prints the token; writes the key pair into the work dir.
make_token() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TOKEN_KEY" 2>/dev/null ||
    die "openssl could not make the token key"
  openssl pkey -in "$TOKEN_KEY" -pubout -out "$TOKEN_PUBLIC_KEY"
  local header payload signature
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | base64url)
  # A day: longer than any run, so no token expires mid-benchmark.
  payload=$(printf '{"sub":"bench","exp":%d,"herald":{"publish":["**"],"subscribe":[]}}' \
    $(($(date +%s) + 86400)) | base64url)
  signature=$(printf '%s.%s' "$header" "$payload" |
    openssl dgst -sha256 -sign "$TOKEN_KEY" | base64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}
