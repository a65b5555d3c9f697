/** Statuses whose responses never carry a body. */
export const isBodyless = (status: number): boolean =>
  status === 204 || status === 205 || status === 304
