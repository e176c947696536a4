export const restNotebookRoutes = [];
