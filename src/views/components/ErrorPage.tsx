import type { Profile } from '../../profile/schema.ts';
import { Layout } from './Layout.tsx';
import { PhoneLink } from './Phone.tsx';
import { SerialLookup } from './SerialLookup.tsx';

/** An error explained as a page, for a person in a browser (API clients get JSON). */
export function ErrorPage(props: {
  profile: Profile;
  status: number;
  message: string;
  url: string;
  /** The page of the refused form. */
  back?: string;
}) {
  const title =
    props.status === 404
      ? '페이지를 찾을 수 없습니다'
      : props.status >= 500
        ? '문제가 생겼습니다'
        : '요청을 처리할 수 없습니다';
  return (
    <Layout
      title={title}
      site={props.profile.institution.name}
      prefs={{ lang: 'ko', largeText: false, url: props.url }}
    >
      <h1>{title}</h1>
      <p role="alert">{props.message}</p>
      {props.back && (
        <p>
          <a href={props.back}>돌아가서 고치기</a>
        </p>
      )}
      {props.status === 404 && <SerialLookup lang="ko" />}
      <p>
        <a href="/">처음으로</a> · 문의 {props.profile.institution.name}{' '}
        <PhoneLink
          phone={props.profile.institution.mainPhone}
          areaCode={props.profile.institution.areaCode}
        />
      </p>
    </Layout>
  );
}
