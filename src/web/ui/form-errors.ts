import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { ApiError, errorMessage } from '../app/api';

/**
 * Shows a failed request where the user looks: on the form field the server named (`error.field`)
 * when the form has it, otherwise as a message at the top of the page.
 */
export function showApiError(e: unknown, message: MessageInstance, form?: FormInstance): void {
  if (form && e instanceof ApiError && e.field) {
    const name = e.field.split('.')[0];
    const known = form.getFieldsValue(true) as Record<string, unknown>;
    if (name in known) {
      form.setFields([{ name, errors: [e.message] }]);
      form.scrollToField(name);
      return;
    }
  }
  message.error(errorMessage(e));
}
