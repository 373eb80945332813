export enum TrackerType {
  Numerical = 'numerical',
  Note = 'note',
}
