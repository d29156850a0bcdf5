/** The People screen and person view (issue 11); other features open a person through the store's `openPerson`. */
export { PeopleScreen } from './PeopleScreen';
