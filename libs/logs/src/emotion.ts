/** How the user felt, as a log records it. */
export enum Emotion {
  Happy = 'happy',
  Excited = 'excited',
  Calm = 'calm',
  Neutral = 'neutral',
  Tired = 'tired',
  Sad = 'sad',
  Anxious = 'anxious',
  Angry = 'angry',
}
