/** The bench runner lands here. */
export {}
