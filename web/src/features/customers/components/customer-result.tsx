import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { customerStatusLabel } from '../format';
import type { CustomerHit } from '../types';
import classes from './customers.module.css';

const matchedWords = {
  account: 'account number',
  email: 'email',
  name: 'name',
  organisation: 'organisation',
} as const;

/** One account in the results: the whole row opens its page. Values are shown exactly as the server sent them. */
export function CustomerResult({ customer: c }: { customer: CustomerHit }) {
  const details = [c.accountNumber, c.organisation, c.country, `${c.plan} plan`].filter(Boolean).join(' · ');
  return (
    <Link to={paths.customer.build(c.id)} className={classes.result} data-result>
      <span className={classes.name}>{c.name}</span>
      <span className={classes.details}>{c.email}</span>
      <span className={classes.details}>{details}</span>
      {c.status === 'active' ? null : (
        <span className={classes.tag} data-kind={c.status}>
          {customerStatusLabel(c.status)}
        </span>
      )}
      {c.minor ? (
        <span className={classes.tag} data-kind="minor">
          Minor
        </span>
      ) : null}
      <span className={classes.details}>matched by {matchedWords[c.matchedBy]}</span>
    </Link>
  );
}
