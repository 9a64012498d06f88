#!/usr/bin/env bash
# Build the portal's GOV.UK Frontend assets into ../static/govuk/.
# Needs node and npm; run from anywhere: `bash frontend/build.sh`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../static/govuk"
dist="$here/node_modules/govuk-frontend/dist/govuk"

cd "$here"
# package.json pins exact versions; a lock file, where there is one, pins the rest.
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts
else
  npm install --no-audit --no-fund --ignore-scripts --no-save
fi

mkdir -p "$out"
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  scss/csp-portal.scss "$out/govuk-frontend.min.css"
# Without its source map: collectstatic's manifest storage would look for the .map file.
sed -e 's|//# sourceMappingURL=.*$||' "$dist/govuk-frontend.min.js" > "$out/govuk-frontend.min.js"
# No images or fonts are copied: the stylesheet needs none (see scss/_asset-urls.scss), and
# the package's favicons, crest and sharing image are GOV.UK's own.
rm -rf "$out/assets"

# The stylesheet and script must name no GOV.UK font and load nothing remote.
if grep -il -e "GDS Transport" -e "@font-face" -e "govuk-crest" "$out"/*.css "$out"/*.js; then
  echo "build.sh: GOV.UK branding found in the built assets" >&2
  exit 1
fi
if grep -oE "url\([^)]*\)" "$out/govuk-frontend.min.css" | grep -v "url(/static/"; then
  echo "build.sh: a url() outside /static/ in the stylesheet" >&2
  exit 1
fi
echo "Built $out"
