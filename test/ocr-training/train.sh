#!/usr/bin/env bash
# Makes Cardbox's handwriting models by fine-tuning an npm model on synthetic handwriting:
#   kor_hand (the default): the Korean model on message lines (src/reading/models/kor_hand.traineddata.gz);
#   eng_hand: the English model on e-mail lines (src/reading/models/eng_hand.traineddata.gz).
# Needs Debian's tesseract-ocr (lstmtraining, combine_tessdata, dawg2wordlist) and the devDependencies.
# About 35 minutes on two cores for kor_hand, 8 for eng_hand. See docs/reading.md, "The handwriting model" and "The e-mail model".
#
#   bash test/ocr-training/train.sh [WORK_DIR] [ITERATIONS] [kor_hand|eng_hand]   (PHOTOS=N: kor_hand on fewer photos)
#
# LATIN=1 with kor_hand: message lines also carry Latin words (the English model's word list), brackets,
# quotes, ~, % and digits, and the Korean character set is widened by the Latin letters first (the Korean
# model has none, so plain fine-tuning cannot learn them): a new unicharset, combine_lang_model, then
# lstmtraining --old_traineddata, which keeps the weights of every character the old model had.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
model=${3:-kor_hand}
case "$model" in
  kor_hand) base=kor field=message photos=${PHOTOS:-50} iterations=10000 ;;
  eng_hand) base=eng field=email photos=60 iterations=4000 ;;
  *) echo "unknown model $model" >&2; exit 2 ;;
esac
work=${1:-/tmp/cardbox-ocr-training-$model}
iterations=${2:-$iterations}
mkdir -p "$work/lines"
cd "$work"

# The starting point: the npm model, its parts, its word list, and its network made float.
zcat "$root/node_modules/@tesseract.js-data/$base/4.0.0_best_int/$base.traineddata.gz" > "$base.traineddata"
combine_tessdata -u "$base.traineddata" "$base." > /dev/null
dawg2wordlist "$base.lstm-unicharset" "$base.lstm-word-dawg" words.txt
npx --prefix "$root" tsx "$root/test/ocr-training/int-to-float.ts" "$base.lstm" "$base-float.lstm"
cp "$base.traineddata" "$base-float.traineddata"
cp "$base-float.lstm" "$base-float.traineddata.lstm"
combine_tessdata -o "$base-float.traineddata" "$base-float.traineddata.lstm" > /dev/null

latin_args=()
if [ "$model" = kor_hand ] && [ "${LATIN:-0}" = 1 ]; then
  zcat "$root/node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz" > eng-words.traineddata
  combine_tessdata -u eng-words.traineddata eng-words. > /dev/null
  dawg2wordlist eng-words.lstm-unicharset eng-words.lstm-word-dawg latin-words.txt
  latin_args=(latin-words.txt)
fi

# Training lines: two generators side by side (about 6,000 message or 2,800 e-mail line images).
for seed in 11 12; do
  npx --prefix "$root" tsx "$root/test/ocr-training/lines.ts" lines "$seed" "$photos" words.txt "$field" "${latin_args[@]}" > "lines-$seed.log" &
done
wait

# Each line in tesseract's training form (lines.ts wrote its box file).
ls lines/*.png | sed 's/\.png$//' |
  OMP_THREAD_LIMIT=1 xargs -P 2 -I{} sh -c 'tesseract {}.png {} --psm 13 lstm.train > /dev/null 2>&1'
ls "$PWD"/lines/*.lstmf | shuf --random-source=<(yes) > train.txt

# With LATIN=1: the old character set and every character of the training lines, as a new starter model.
# The recoder wants a table of Han radicals; the Korean set holds no Han character, so one line stands in.
traineddata="$base-float.traineddata"
old_args=()
if [ ${#latin_args[@]} -gt 0 ]; then
  cat lines/*.gt.txt > all-text.txt
  unicharset_extractor --norm_mode 2 --output_unicharset lines.unicharset all-text.txt > /dev/null
  merge_unicharsets "$base.lstm-unicharset" lines.unicharset merged.unicharset > /dev/null
  mkdir -p script starter
  printf '13312 1\n' > script/radical-stroke.txt
  dawg2wordlist "$base.lstm-unicharset" "$base.lstm-punc-dawg" puncs.txt
  dawg2wordlist "$base.lstm-unicharset" "$base.lstm-number-dawg" numbers.txt
  combine_lang_model --input_unicharset merged.unicharset --script_dir script --words words.txt \
    --puncs puncs.txt --numbers numbers.txt --output_dir starter --lang "$base" > combine.log 2>&1
  traineddata="starter/$base/$base.traineddata"
  old_args=(--old_traineddata "$base-float.traineddata")
fi

# Fine-tuning at Tesseract's fine-tuning learning rate, then back to an integer model for tesseract.js.
mkdir -p out
OMP_THREAD_LIMIT=2 lstmtraining --continue_from "$base-float.lstm" "${old_args[@]}" --traineddata "$traineddata" \
  --train_listfile train.txt --model_output "out/$model" --max_iterations "$iterations" \
  --learning_rate 0.0001 --debug_interval 0 > training.log 2>&1
lstmtraining --stop_training --convert_to_int --continue_from "out/${model}_checkpoint" \
  --traineddata "$traineddata" --model_output "$model.traineddata"
gzip -9 -n -c "$model.traineddata" > "$root/src/reading/models/$model.traineddata.gz"
tail -n 3 training.log
