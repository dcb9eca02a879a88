#!/bin/sh
# Regenerates the app and tray icons with Debian's ffmpeg: a dark rounded square with a lighter
# frame and a red "on air" dot with a ring. Drawn at 4x with geq, downscaled for smooth edges.
# Usage: sh resources/generate-icons.sh   (from the project root)
set -eu
cd "$(dirname "$0")"

# draw SIZE OUT DOT_RADIUS RING_RADIUS RING_WIDTH FRAME_WIDTH  (radii/widths: fractions of SIZE)
draw() {
  size=$1 out=$2 dot=$3 ring=$4 ringw=$5 frame=$6
  s=$((size * 4))
  # st(0): signed distance to a rounded square (margin 6%, corner radius 20%); st(1): distance to the centre
  sdf="st(2,abs(X-W/2)-(W*0.44-W*0.20));st(3,abs(Y-H/2)-(H*0.44-H*0.20));st(0,hypot(max(ld(2),0),max(ld(3),0))+min(max(ld(2),ld(3)),0)-W*0.20);st(1,hypot(X-W/2,Y-H/2))"
  # region: 4 dot, 3 ring, 2 inner panel, 1 frame, 0 outside
  region="if(lte(ld(1),W*$dot),4,if(lte(abs(ld(1)-W*$ring),W*$ringw/2),3,if(lte(ld(0),-W*$frame),2,if(lte(ld(0),0),1,0))))"
  pick() { echo "$sdf;st(4,$region);if(eq(ld(4),4),$1,if(eq(ld(4),3),$2,if(eq(ld(4),2),$3,if(eq(ld(4),1),$4,0))))"; }
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "color=c=black@0:s=${s}x${s},format=rgba" -frames:v 1 \
    -vf "geq=r='$(pick 229 150 22 92)':g='$(pick 57 40 25 101)':b='$(pick 53 40 31 117)':a='$(pick 255 255 255 255)',scale=${size}:${size}:flags=area" \
    "$out"
}

draw 512 icon.png 0.15 0.245 0.035 0.035
draw 64 tray@2x.png 0.19 0.31 0.06 0.07
draw 32 tray.png 0.19 0.31 0.07 0.08
ffmpeg -hide_banner -loglevel error -y -i icon.png -vf scale=256:256:flags=lanczos -c:v png icon.ico
