/** Case folding shared by every ignore-case operator (locale-independent, as AWS's matcher is). */
export const foldCase = (text: string): string => text.toLowerCase();
