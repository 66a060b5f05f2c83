/**
 * Authentication (bearer token -> principal) and the first authorisation step (may this role do this kind of
 * thing at all). The second step, against the loaded row, happens in each route.
 */
import type { NextFunction, Request, Response } from 'express';
import { defineAbilityFor, type Action, type AppAbility, type SubjectType } from '../../domain/ability';
import type { Principal } from '../../domain/principal';
import { forbidden, unauthorized } from '../problems';
import type { PersonHasher } from '../../db/person-hash';
import type { TokenVerifier } from './token';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The keyed hash of the caller's ID number (citizens), under which their photos and grants are found. */
    personHash?: string;
    ability?: AppAbility;
  }
}

export function authenticate(verify: TokenVerifier, hash: PersonHasher) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/i.exec(header);
    if (!match) return next(unauthorized());
    try {
      req.principal = await verify(match[1]!);
      if (req.principal.idNumber) req.personHash = hash(req.principal.idNumber);
      req.ability = defineAbilityFor(req.principal, { personHash: req.personHash });
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function requirePermission(action: Action, subject: SubjectType) {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(req.ability?.can(action, subject) ? undefined : forbidden());
  };
}

export interface Caller {
  principal: Principal;
  ability: AppAbility;
  personHash: string | undefined;
}

/** The authenticated caller; routes behind `authenticate` always have one. */
export function caller(req: Request): Caller {
  if (!req.principal || !req.ability) throw unauthorized();
  return { principal: req.principal, ability: req.ability, personHash: req.personHash };
}
