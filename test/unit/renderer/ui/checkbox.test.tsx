import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Checkbox } from '../../../../renderer/ui/Checkbox';

describe('Checkbox', () => {
  it('is a box before its label inside one label element, with the class and test id given', () => {
    const html = renderToStaticMarkup(
      <Checkbox className="export-form__check" label="Zip" checked onChange={() => undefined} testId="zip" />,
    );
    expect(html).toBe(
      '<label class="export-form__check"><input type="checkbox" data-testid="zip" checked=""/>Zip</label>',
    );
  });

  it('uses the plain checkbox class by default', () => {
    const html = renderToStaticMarkup(<Checkbox label="Clear" checked={false} onChange={() => undefined} />);
    expect(html).toBe('<label class="checkbox"><input type="checkbox"/>Clear</label>');
  });
});
