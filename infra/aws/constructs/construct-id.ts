/** A construct id from a topology name: `churn-risk` -> `ChurnRisk`, `GET /customers/{id}` -> `GetCustomersId`. */
export const constructId = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
