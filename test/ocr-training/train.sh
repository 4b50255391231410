#!/usr/bin/env bash
# Makes src/reading/models/kor_hand.traineddata.gz: the npm Korean model fine-tuned on synthetic handwriting.
# Needs Debian's tesseract-ocr (lstmtraining, combine_tessdata, dawg2wordlist) and the devDependencies.
# About 35 minutes on two cores. See docs/reading.md, "The handwriting model".
#
#   bash test/ocr-training/train.sh [WORK_DIR] [ITERATIONS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/cardbox-ocr-training}
iterations=${2:-10000}
mkdir -p "$work/lines"
cd "$work"

# The starting point: the npm model, its parts, its word list, and its network made float.
zcat "$root/node_modules/@tesseract.js-data/kor/4.0.0_best_int/kor.traineddata.gz" > kor.traineddata
combine_tessdata -u kor.traineddata kor. > /dev/null
dawg2wordlist kor.lstm-unicharset kor.lstm-word-dawg words.txt
npx --prefix "$root" tsx "$root/test/ocr-training/int-to-float.ts" kor.lstm kor-float.lstm
cp kor.traineddata kor-float.traineddata
cp kor-float.lstm kor-float.traineddata.lstm
combine_tessdata -o kor-float.traineddata kor-float.traineddata.lstm > /dev/null

# Training lines: two generators side by side, 50 photos each (about 6,000 line images).
for seed in 11 12; do
  npx --prefix "$root" tsx "$root/test/ocr-training/lines.ts" lines "$seed" 50 words.txt > "lines-$seed.log" &
done
wait

# Each line in tesseract's training form (lines.ts wrote its box file).
ls lines/*.png | sed 's/\.png$//' |
  OMP_THREAD_LIMIT=1 xargs -P 2 -I{} sh -c 'tesseract {}.png {} --psm 13 lstm.train > /dev/null 2>&1'
ls "$PWD"/lines/*.lstmf | shuf --random-source=<(yes) > train.txt

# Fine-tuning at Tesseract's fine-tuning learning rate, then back to an integer model for tesseract.js.
mkdir -p out
OMP_THREAD_LIMIT=2 lstmtraining --continue_from kor-float.lstm --traineddata kor-float.traineddata \
  --train_listfile train.txt --model_output out/kor_hand --max_iterations "$iterations" \
  --learning_rate 0.0001 --debug_interval 0 > training.log 2>&1
lstmtraining --stop_training --convert_to_int --continue_from out/kor_hand_checkpoint \
  --traineddata kor-float.traineddata --model_output kor_hand.traineddata
gzip -9 -n -c kor_hand.traineddata > "$root/src/reading/models/kor_hand.traineddata.gz"
tail -n 3 training.log
