import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';

export interface PersonNameProps {
  corpId: string;
  userid: string;
  /** The name shown (the directory's, or the id when it has none). */
  name: string;
  testId: string;
  className?: string | undefined;
}

/**
 * A sender's, member's or participant's name as a link to their person view (features/people,
 * issue 11). The click stays with the name: a row it sits in is not selected too.
 */
export function PersonName({ corpId, userid, name, testId, className }: PersonNameProps) {
  const { t } = useTranslation();
  const openPerson = useAppState((state) => state.openPerson);
  return (
    <button
      type="button"
      className={className ? `${className} inline-link` : 'inline-link'}
      dir="auto"
      data-testid={testId}
      title={t('people.sender', { name })}
      onClick={(event) => {
        event.stopPropagation();
        openPerson(corpId, userid);
      }}
    >
      <bdi>{name}</bdi>
    </button>
  );
}
