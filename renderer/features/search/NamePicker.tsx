import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickedName } from '../../state';
import { matchCandidates, type NameCandidate } from './nameCandidates';

export interface NamePickerProps {
  label: string;
  placeholder: string;
  candidates: readonly NameCandidate[];
  picked: readonly PickedName[];
  onPick: (name: PickedName) => void;
  onRemove: (name: PickedName) => void;
  testId: string;
}

/**
 * A filter by name with autocomplete (ARIA combobox): type part of a name or id, pick with the mouse
 * or ↑/↓ and Enter; picked names show as removable chips. Names are archive data: text nodes in <bdi>.
 */
export function NamePicker({
  label,
  placeholder,
  candidates,
  picked,
  onPick,
  onRemove,
  testId,
}: NamePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const suggestions = open && typed.trim() !== '' ? matchCandidates(candidates, typed, picked) : [];
  const expanded = suggestions.length > 0;
  const activeAt = Math.min(active, suggestions.length - 1);

  const pick = (candidate: NameCandidate) => {
    onPick({ corpId: candidate.corpId, id: candidate.id, label: candidate.label });
    setTyped('');
    setActive(0);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // The panel uses these keys for its result list; inside an open suggestion list they are ours.
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.stopPropagation();
      event.preventDefault();
      if (!open) setOpen(true);
      else
        setActive((at) =>
          Math.max(0, Math.min(suggestions.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1))),
        );
    } else if (event.key === 'Enter') {
      event.stopPropagation();
      event.preventDefault();
      const chosen = suggestions[activeAt];
      if (chosen) pick(chosen);
    } else if (event.key === 'Escape' && expanded) {
      event.stopPropagation();
      setOpen(false);
    } else if (event.key === 'Backspace' && typed === '' && picked.length > 0) {
      onRemove(picked[picked.length - 1] as PickedName);
    }
  };

  return (
    <div className="search-filters__item name-picker" data-testid={testId}>
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="name-picker__box">
        {picked.map((name) => (
          <span key={`${name.corpId}/${name.id}`} className="name-picker__chip" data-id={name.id}>
            <bdi>{name.label}</bdi>
            <button
              type="button"
              className="name-picker__remove"
              aria-label={t('search.removeName', { name: name.label })}
              onClick={() => onRemove(name)}
            >
              ×
            </button>
          </span>
        ))}
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={expanded ? `${id}-option-${activeAt}` : undefined}
          className="name-picker__input"
          placeholder={placeholder}
          value={typed}
          autoComplete="off"
          onChange={(event) => {
            setTyped(event.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul
        id={`${id}-list`}
        role="listbox"
        className="name-picker__list"
        hidden={!expanded}
        aria-label={label}
      >
        {suggestions.map((candidate, at) => (
          <li
            key={`${candidate.corpId}/${candidate.id}`}
            id={`${id}-option-${at}`}
            role="option"
            aria-selected={at === activeAt}
            className={
              at === activeAt ? 'name-picker__option name-picker__option--active' : 'name-picker__option'
            }
            data-id={candidate.id}
            // Picking on mousedown keeps the input's focus (a click would blur it and close the list first).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(candidate);
            }}
            onMouseEnter={() => setActive(at)}
          >
            <bdi>{candidate.label}</bdi>
            {candidate.detail ? (
              <span className="muted small name-picker__id">
                <bdi>{candidate.detail}</bdi>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
