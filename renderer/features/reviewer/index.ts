export { ReviewerHeader } from './ReviewerHeader';
export { ReviewerDialog } from './ReviewerDialog';
export { ReviewerIdentity, parseReviewer, REVIEWER_STORAGE_KEY } from './reviewerIdentity';
export { useReviewer } from './useReviewer';
