#!/usr/bin/env bash
# Vendors Apache ECharts (pinned) from the npm registry into crates/hashpivot-report/assets/, where the report
# and the dashboard embed it (include_str!), so both work offline. Run once when changing the version; the
# result is committed. Needs npm (the package's tarball only; nothing is installed).
set -euo pipefail
VERSION=6.1.0
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/crates/hashpivot-report/assets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "echarts@$VERSION" >/dev/null
tar -xzf "echarts-$VERSION.tgz"
mkdir -p "$dest"
cp package/dist/echarts.min.js "$dest/echarts.min.js"
cp package/LICENSE "$dest/ECHARTS-LICENSE"
cp package/NOTICE "$dest/ECHARTS-NOTICE"
echo "echarts $VERSION" > "$dest/ECHARTS-VERSION"
sha256sum "$dest/echarts.min.js"
