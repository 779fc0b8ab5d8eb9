/**
 * Sentences of the kind referrers write, for synthetic referrals: mostly routine, some negated
 * or historical, a few misspelt, and one summary in ten with a red flag in the text. Combined into summaries of
 * about 400 characters, so tests and benchmarks read realistic free text.
 */
const SENTENCES = [
  'Carer reports she is more confused than usual since this morning and not eating or drinking.',
  'Found on the floor by staff at 06:30, no head injury, denies pain, unable to get up.',
  'Slid from her armchair, witnessed, no head strike, no LOC, cannot get up without help.',
  'Daughter says mum has been gradually going off her legs over the past few weeks.',
  'Known COPD, more breathless than normal with a productive cough, sats 93% on air.',
  'Catheter bypassing since yesterday evening, lower abdominal discomfort, no fever.',
  'Hx of stroke 2019 and TIA last year, lives alone with a twice daily package of care.',
  'Husband is her main carer and was admitted to hospital last night, she cannot cope alone.',
  'BM 3.1 this morning, treated with glucogel and now 5.6, eating toast, alert and chatty.',
  'Requesting a routine review of her Parkinsons medication, no recent change in mobility.',
  'Pressure sore on her sacrum is not healing and looks sloughy, needs tissue viability.',
  'Nil chest pain, nil SOB, obs within normal limits, GP aware and happy for community review.',
  'Paramedic crew on scene, NEWS2 3, patient wishes to stay at home, ReSPECT form in place.',
  'Had a fall last year and fractured her wrist, now anxious about falling again.',
  'Her husband has chest pain and is being seen by 111 separately, please do not confuse.',
  'Planned insulin start requested by the diabetes nurse, no hypos, sugars running high.',
  'Deteriorating over the last week, eating very little, family would like support at home.',
  'On the end of life register, syringe driver needed as she can no longer swallow her meds.',
  'If she becomes unresponsive the family will call 999, safety netting advice given.',
  'Wound on shin needs a dressing change, skin tear from a trolley yesterday, healing well.',
  'Very breathles walking to the toilet, ankles more swollen, known heart failure.',
  'No evidence of fracture on x-ray at the UTC, discharged home needing reablement.',
  'Denies CP, SOB or LOC, just feels weak and wobbly, lives in a care home.',
  'Query UTI, smelly urine and new confusion, started antibiotics yesterday from the GP.',
];

/** Sentences with a red flag in them: one summary in ten has one. */
const RED_FLAG_SENTENCES = [
  'She fell in the bathroom and hit her head on the sink, small cut to forehead, on apixaban.',
  'Increasingly drowsy and hard to rouse according to the night carer, temp 38.4.',
  'Mottled knees and very cold peripheries noted by the carer, not passed urine all day.',
  'Unable to weight bear on the right leg after the fall, leg looks shortened and rotated.',
];

/** A summary of about `target` characters (never over 450) drawn with `random`. */
export function syntheticSummary(random: () => number, target = 400): string {
  let summary =
    random() < 0.1 ? RED_FLAG_SENTENCES[Math.floor(random() * RED_FLAG_SENTENCES.length)] : '';
  while (summary.length < target - 25) {
    const sentence = SENTENCES[Math.floor(random() * SENTENCES.length)];
    if (summary.length + sentence.length + 1 > 450) break;
    summary = summary ? `${summary} ${sentence}` : sentence;
  }
  return summary;
}
