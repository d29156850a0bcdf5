import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Field } from '../../../../renderer/ui/Field';

/** Field ties its label, hint and error to the control it renders (screen readers announce them). */

const render = (error: string | null, hint?: string) =>
  renderToStaticMarkup(
    <Field label="Name" hint={hint} error={error}>
      {({ control }) => <input {...control} className="input" />}
    </Field>,
  );

const attribute = (html: string, tag: string, name: string) =>
  new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1];

describe('Field', () => {
  it('labels the control and leaves it unmarked while there is no error', () => {
    const html = render(null);
    const id = attribute(html, 'input', 'id');
    expect(id).toBeTruthy();
    expect(attribute(html, 'label', 'for')).toBe(id);
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
  });

  it('marks the control invalid and points it at the hint and the announced error', () => {
    const html = render('Required', 'As in the admin console');
    expect(attribute(html, 'input', 'aria-invalid')).toBe('true');
    const described = attribute(html, 'input', 'aria-describedby')?.split(' ') ?? [];
    expect(described).toHaveLength(2);
    const [hintId, errorId] = described;
    expect(html).toContain(`id="${hintId}">As in the admin console<`);
    expect(html).toMatch(new RegExp(`id="${errorId}" role="alert">Required<`));
  });
});
